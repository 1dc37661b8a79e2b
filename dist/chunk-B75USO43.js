import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-LBH6LEO6.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
