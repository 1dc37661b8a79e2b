import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-K5AQWSTV.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
