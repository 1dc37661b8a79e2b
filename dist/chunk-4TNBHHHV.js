import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-2MXPPLC7.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
