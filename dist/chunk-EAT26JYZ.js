import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-KZB4K4MU.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
