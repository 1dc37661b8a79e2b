import{createRequire as __k8slintRequire}from"node:module";const require=__k8slintRequire(import.meta.url);
import{absent,compile}from"./chunk-4HSXOSQV.js";import"./chunk-HT56TLWR.js";import"./chunk-YPGUF4KJ.js";export{absent,compile};
