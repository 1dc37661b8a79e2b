import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-2GFPKNBY.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
