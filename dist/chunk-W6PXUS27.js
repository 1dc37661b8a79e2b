import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-ECUVM6OK.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
