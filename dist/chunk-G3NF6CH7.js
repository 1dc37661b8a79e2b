import{createRequire as __k8slintRequire}from"node:module";const require=__k8slintRequire(import.meta.url);
function writeFailure(e){let err=e,words={ENOSPC:"no space left on device",EPIPE:"the reader closed the pipe",EACCES:"permission denied",EPERM:"permission denied",ENOENT:"no such directory",ENOTDIR:"a parent is not a directory",EEXIST:"a parent is not a directory",EISDIR:"is a directory",EROFS:"read-only file system",EIO:"input/output error"};return err?.code&&words[err.code]?`${words[err.code]} (${err.code})`:String(err?.message??e).split(`
`)[0]}export{writeFailure};
