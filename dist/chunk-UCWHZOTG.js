import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-SJVSKCF5.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
