import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-7YYGJ6TI.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
