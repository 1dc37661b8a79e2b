import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-HEJ5D3NE.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
