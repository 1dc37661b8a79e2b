import{createRequire as __k8slintRequire}from"node:module";const require=__k8slintRequire(import.meta.url);
var EXIT_OK=0,EXIT_FINDINGS=1,EXIT_USAGE=2,UsageError=class extends Error{},STDIN_TOKEN="\0stdin";function oneOrMore(v){return Array.isArray(v)?v:[v]}export{EXIT_OK,EXIT_FINDINGS,EXIT_USAGE,UsageError,STDIN_TOKEN,oneOrMore};
