import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-T6NGKPQ4.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
