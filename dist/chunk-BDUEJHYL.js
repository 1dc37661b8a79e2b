import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-MVMNQW5E.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
