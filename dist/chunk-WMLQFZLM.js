import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-3LQHA5CX.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
