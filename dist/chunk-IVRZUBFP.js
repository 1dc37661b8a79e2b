import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-7AES2QEY.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
