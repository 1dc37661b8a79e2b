import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-BUUL56BZ.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
