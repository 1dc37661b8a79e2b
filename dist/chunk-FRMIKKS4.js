import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-GCIS6WFA.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
