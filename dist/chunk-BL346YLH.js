import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-ZZI34P73.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
