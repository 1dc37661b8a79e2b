import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-GE2JMGBH.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
