import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-IJ3VXZCU.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
