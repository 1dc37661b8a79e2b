import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-Z32Z23KN.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
