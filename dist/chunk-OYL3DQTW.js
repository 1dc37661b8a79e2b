import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-ZAQDVFVX.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
