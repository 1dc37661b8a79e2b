import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-4QQXHNMD.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
