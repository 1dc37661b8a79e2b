import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-XRZ5CJ7O.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
