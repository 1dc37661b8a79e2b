import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-7M2DKWD5.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
