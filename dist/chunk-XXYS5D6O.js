import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-65NA3D33.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
