import{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems}from"./chunk-YNMTWDP5.js";import"./chunk-UKD4RNVD.js";export{absent,compile,evaluatePolicies,ruleCompileProblem,ruleProblems};
