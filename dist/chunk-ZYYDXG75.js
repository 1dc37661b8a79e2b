import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-MJZPKKWT.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
