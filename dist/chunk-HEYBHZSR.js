import{createRequire as __k8slintRequire}from"node:module";const require=__k8slintRequire(import.meta.url);
import{require_ajv}from"./chunk-NCM7WOBO.js";import"./chunk-2QBB72EL.js";export default require_ajv();
