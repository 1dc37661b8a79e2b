import{createRequire as __k8slintRequire}from"node:module";const require=__k8slintRequire(import.meta.url);
import{require_ajv}from"./chunk-ZHH6N3GN.js";import"./chunk-YPGUF4KJ.js";export default require_ajv();
