import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-3FJX6PZW.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
