import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-F2VWBEQH.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
