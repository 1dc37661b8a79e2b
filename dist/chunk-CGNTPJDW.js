import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-E6QKTFKZ.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
