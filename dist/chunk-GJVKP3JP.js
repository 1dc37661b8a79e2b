import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-XBUNLC5V.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
