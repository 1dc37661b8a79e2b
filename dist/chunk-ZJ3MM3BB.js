import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-5A7WQ6AV.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
