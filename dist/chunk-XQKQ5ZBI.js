import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-RSTMC2Q3.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
