import{require_ajv}from"./chunk-25ZEF2ZU.js";import"./chunk-UKD4RNVD.js";export default require_ajv();
