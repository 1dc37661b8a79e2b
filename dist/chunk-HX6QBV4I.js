import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-4KH27Z7C.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
