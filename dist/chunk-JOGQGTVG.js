import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-F5DO6JA7.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
