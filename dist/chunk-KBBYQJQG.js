import{require_ajv}from"./chunk-LHWPCJOT.js";import"./chunk-URE7IEYO.js";export default require_ajv();
