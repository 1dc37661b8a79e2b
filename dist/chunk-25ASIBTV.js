import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-Y22CYKHY.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
