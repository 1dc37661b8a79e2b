import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-Z62CX7M7.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
