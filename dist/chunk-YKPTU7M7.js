import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-6EQ7XADA.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
