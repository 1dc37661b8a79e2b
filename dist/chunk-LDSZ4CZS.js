import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-RCC4CKQU.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
