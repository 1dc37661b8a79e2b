import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-WRVI3FEG.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
