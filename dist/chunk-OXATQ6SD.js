import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-VQOUD453.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
