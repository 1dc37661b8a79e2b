import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-4TF6A7LW.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
