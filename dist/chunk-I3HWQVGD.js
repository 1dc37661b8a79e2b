import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-NQ4IQ3EP.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
