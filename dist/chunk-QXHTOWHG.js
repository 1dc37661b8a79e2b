import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-QWBO63S7.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
