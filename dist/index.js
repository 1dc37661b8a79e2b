import{createRequire as __k8slintRequire}from"node:module";const require=__k8slintRequire(import.meta.url);
import{ConfigError,SEVERITIES,builtinRules,defineRule,formatContext,formatters,lint,lintAsync,resolveRun}from"./chunk-ELZLSVQR.js";import"./chunk-ZKXZCKXO.js";export{ConfigError,SEVERITIES,builtinRules,defineRule,formatContext,formatters,lint,lintAsync,resolveRun};
