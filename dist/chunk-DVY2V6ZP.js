import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-SAIXMC6Z.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
