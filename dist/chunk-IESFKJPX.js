import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-QXPZEPKM.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
