import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-GZ6WYCHA.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
