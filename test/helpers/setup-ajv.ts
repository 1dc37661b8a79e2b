// Tests call lint() and resolveRun() from the sources, not through the package entry that provides ajv
// (src/index.ts) nor the CLI that loads it on demand (src/schema/ajv-loader.ts): provide it as the entry does.
import { Ajv } from "ajv";
import { provideAjv } from "../../src/schema/ajv-loader.js";

provideAjv(Ajv);

// Likewise the CEL engine (src/cel/load.ts), which the CLI loads only for sets with policies or CRD rules.
import * as celEngine from "../../src/cel/engine.js";
import { provideCel } from "../../src/cel/load.js";

provideCel(celEngine);
