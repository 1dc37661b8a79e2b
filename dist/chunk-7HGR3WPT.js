import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-E3G7HHYU.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
